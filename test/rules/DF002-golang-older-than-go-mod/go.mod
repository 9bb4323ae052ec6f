module example.com/orders

go 1.22.5

toolchain go1.23.4
