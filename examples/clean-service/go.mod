module example.com/clean-service

go 1.22.5
