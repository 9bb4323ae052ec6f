module example.com/envw

go 1.22
