module example.com/orders

go 1.22.5

require (
	github.com/google/go-containerregistry v0.21.7
	github.com/google/uuid v1.6.0
)
