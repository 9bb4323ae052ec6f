module example.com/alpineapi

go 1.22
