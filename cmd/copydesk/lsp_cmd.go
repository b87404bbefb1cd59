package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/lsp"
)

func (e *env) lspCommand() *cli.Command {
	return &cli.Command{
		Name:  "lsp",
		Usage: "language server over stdin/stdout, for editors (see docs/editors.md)",
		Description: "Speaks the Language Server Protocol 3.17 on stdin and stdout: findings in HTML documents\n" +
			"as they are written, their fixes and suppressions as code actions, the rule's explanation on\n" +
			"hover, and the problems of .copydesk.yml and rule files. Each document is checked with the\n" +
			".copydesk.yml found walking up from its directory, unless --config is given.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file for every document (default: each document's .copydesk.yml, found walking up from its directory)"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
			&cli.StringSliceFlag{Name: "jurisdiction", Usage: "apply a jurisdiction to every document, ISO 3166 alpha-2 in lower case (repeatable)"},
			&cli.DurationFlag{Name: "debounce", Value: lsp.DefaultDebounce, Usage: "time after a change before the document is checked"},
			&cli.BoolFlag{Name: "stdio", Usage: "talk over stdin and stdout (the only way; accepted as editors' LSP clients pass it)"},
		},
		Action: e.lsp,
	}
}

func (e *env) lsp(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf("lsp takes no arguments (got %q)", c.Args().First())
	}
	o := lsp.Options{
		Config:   c.String("config"),
		Rules:    c.StringSlice("rules"),
		Debounce: c.Duration("debounce"),
		Tool:     tool(),
	}
	var err error
	if o.Jurisdictions, err = parseJurisdictions(c.StringSlice("jurisdiction")); err != nil {
		return err
	}
	if o.Debounce < 0 {
		return usageErrorf("--debounce %s: must not be negative", o.Debounce)
	}
	// A config given on the command line that does not load is an error
	// at once; one found for a document is that document's diagnostic.
	if o.Config != "" {
		if _, err := e.Load(o.Config, o.Rules); err != nil {
			return e.PrintConfigError(err)
		}
	}
	err = lsp.New(&e.Env, o).Run(c.Context, e.Stdin, e.Stdout)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, lsp.ErrNoShutdown):
		return &lint.ExitError{Code: 1, Err: err, Printed: true}
	}
	return &lint.ExitError{Code: 1, Err: fmt.Errorf("lsp: %w", err)}
}
