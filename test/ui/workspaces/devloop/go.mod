module example.com/devloop

go 1.26
