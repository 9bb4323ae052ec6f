module example.com/svc

go 1.22.5

require (
	git.example.com/platform/auth v0.4.1
)
