// Command ledger compares what copydesk's built-in packs report on the
// shared corpus of real pages with the judged ledgers of
// testdata/ledger/, and updates them (see package internal/ledger for the
// format and the keys).
//
// Usage, from anywhere in the module:
//
//	go run ./internal/cmd/ledger [-corpus DIR] [-section NAME] diff
//	go run ./internal/cmd/ledger [-corpus DIR] [-section NAME] update
//	go run ./internal/cmd/ledger [-corpus DIR] [-section NAME] show [PAGE [RULE]]
//
// diff prints, per rule, the findings of the build and of the ledger, the
// new ones (not in the ledger), the gone ones (in the ledger, no longer
// reported: listed with their verdicts, so a lost true positive shows),
// the verdicts of today's findings and the precision they give; it exits
// 1 when the ledger does not match the build. update rewrites the ledger
// to match the build: findings keep their verdicts, new ones are added as
// ? (or take the verdict of the same finding in the other section), and
// gone ones are dropped and listed. show prints each finding with what a
// judge needs to see of the page: whether it is in the article body,
// hidden or inside page furniture, the element's text, its neighbours and
// images. Without PAGE it shows the findings the ledger has not judged.
// The corpus is ../shared/corpus/pages (relative to the module root);
// -section picks one of default, all-packs (default: both).
//
// This is a development command, not a copydesk subcommand: a newsroom
// checking its own pages wants findings (copydesk check, --baseline), and
// a judged ledger is how copydesk keeps the built-in packs honest while
// they are tuned. The ledger format is young and would become a promise
// to users as a subcommand; once a newsroom asks to measure its house
// rules on its own archive, the package can move out of internal with
// -config and -ledger flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/copydesk/copydesk/internal/ledger"
	"github.com/copydesk/copydesk/internal/modroot"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0
	exitMismatch = 1 // diff: the ledger does not match the build
	exitError    = 2 // usage, unreadable corpus or ledger, rules that do not load
)

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("ledger", flag.ContinueOnError)
	fl.SetOutput(stderr)
	corpus := fl.String("corpus", "", "the corpus directory (default: "+ledger.DefaultCorpus+" from the module root)")
	section := fl.String("section", "", "only this section: default or all-packs")
	blind := fl.Bool("blind", false, "show: every finding, judged or not, without the ledger's verdicts and reasons (for a judge re-judging the ledger)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: ledger [-corpus DIR] [-section NAME] [-blind] diff|update|show [PAGE [RULE]]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return exitError
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return exitError
	}
	cmd, rest := fl.Arg(0), fl.Args()[1:]
	root, err := modroot.Find()
	if err != nil {
		fmt.Fprintln(stderr, "ledger:", err)
		return exitError
	}
	if *corpus == "" {
		*corpus = filepath.Join(root, filepath.FromSlash(ledger.DefaultCorpus))
	}
	sections := ledger.Sections
	if *section != "" {
		s, ok := ledger.SectionNamed(*section)
		if !ok {
			fmt.Fprintf(stderr, "ledger: unknown section %q\n", *section)
			return exitError
		}
		sections = []ledger.Section{s}
	}
	w := &work{root: root, corpus: *corpus, stdout: stdout, blind: *blind}
	switch {
	case cmd == "diff" && len(rest) == 0:
		err = w.diff(sections)
	case cmd == "update" && len(rest) == 0:
		err = w.update(sections)
	case cmd == "show" && len(rest) <= 2:
		err = w.show(sections, rest)
	default:
		fl.Usage()
		return exitError
	}
	switch {
	case errors.Is(err, errMismatch):
		return exitMismatch
	case err != nil:
		fmt.Fprintln(stderr, "ledger:", err)
		return exitError
	}
	return exitOK
}
