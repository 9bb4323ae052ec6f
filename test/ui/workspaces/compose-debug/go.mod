module example.com/compose-debug

go 1.22.5
