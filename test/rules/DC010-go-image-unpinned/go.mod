module example.com/notes

go 1.22

toolchain go1.22.5
