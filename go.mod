module github.com/copydesk/copydesk

go 1.26.0

require (
	github.com/andybalholm/cascadia v1.3.5
	github.com/sergi/go-diff v1.4.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/net v0.62.0
)
