module example.com/orders

go 1.22.5

require github.com/mattn/go-sqlite3 v1.14.22
