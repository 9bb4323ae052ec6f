module example.com/debug

go 1.26
