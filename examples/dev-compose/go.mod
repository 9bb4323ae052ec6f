module example.com/dev-compose

go 1.22
