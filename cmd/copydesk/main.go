// Command copydesk checks article HTML against YAML rule packs before
// publication: required attributions, agency credits, image credits,
// legal boilerplate, editorial hygiene. See README.md and docs/.
//
// The command only wires its flags to the packages that do the work:
// lint runs checks (check), serve is the HTTP service (serve), report
// writes the output formats.
package main

import (
	"context"
	"os"

	"github.com/copydesk/copydesk/lint"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		lint.TuneGC(os.Getenv)
	}
	os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
