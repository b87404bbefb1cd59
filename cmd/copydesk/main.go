// Command copydesk checks article HTML against YAML rule packs before
// publication: required attributions, agency credits, image credits,
// legal boilerplate, editorial hygiene. See README.md and SPEC.md.
package main

import (
	"context"
	"os"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		tuneGC(os.Getenv)
	}
	os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
