package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// version is set at build time with -ldflags "-X main.version=…"; when
// it is not, the module version from the build info is used.
var version = ""

// tool is copydesk as reports, logs and the version command name it.
func tool() report.Tool { return lint.Tool(version) }

// env is the process a command runs in.
type env struct{ lint.Env }

// load loads the config and rules for a command (see lint.Env.Load);
// problems are printed, and returned as exit code 2.
func (e *env) load(configPath string, extra []string) (*lint.Linter, error) {
	l, err := e.Load(configPath, extra)
	if err != nil {
		return nil, e.PrintConfigError(err)
	}
	return l, nil
}

// run is the whole program: it parses args, runs the command and returns
// the exit code. It never calls os.Exit, so tests run it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "copydesk: %v\n", err)
		return exitConfig
	}
	e := &env{lint.Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Dir: dir}}
	return e.run(ctx, args)
}

func (e *env) run(ctx context.Context, args []string) int {
	app := e.app()
	args, err := reorderArgs(app, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return exitOK
	}
	var ee *lint.ExitError
	if !errors.As(err, &ee) || !ee.Printed {
		if ee != nil && ee.Err == nil {
			return ee.Code
		}
		fmt.Fprintf(e.Stderr, "copydesk: %v\n", err)
	}
	return lint.ExitCode(err)
}

func (e *env) app() *cli.App {
	app := &cli.App{
		Name:                      "copydesk",
		Usage:                     "check article HTML against newsroom rule packs before publication",
		Version:                   tool().Version,
		Reader:                    e.Stdin,
		Writer:                    e.Stdout,
		ErrWriter:                 e.Stderr,
		HideHelpCommand:           true,
		DisableSliceFlagSeparator: true,
		Suggest:                   true,
		// The exit code is decided in run, never inside cli.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return flagError(c.App.Flags, "", err)
		},
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(e.Stderr, "copydesk: unknown command %q (commands: %s)\n", name, strings.Join(commandNames(c.App), ", "))
		},
		Commands: []*cli.Command{
			e.checkCommand(),
			e.mergeCommand(),
			e.rulesCommand(),
			e.explainCommand(),
			e.testCommand(),
			e.schemaCommand(),
			e.initCommand(),
			e.serveCommand(),
			e.lspCommand(),
			e.versionCommand(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErrorf("unknown command %q (commands: %s)", c.Args().First(), strings.Join(commandNames(c.App), ", "))
			}
			return cli.ShowAppHelp(c)
		},
	}
	// A command's usage errors go to stderr with the fix, never its help
	// to stdout (where the report of the run would be: issue 16 item 2).
	for _, cmd := range app.Commands {
		cmd.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return flagError(cmd.Flags, cmd.Name, err)
		}
	}
	return app
}

// flagError words an error of the flag package as a usage error of the
// command name ("" for copydesk itself): flags as the user types them
// (--fail-on, not -fail-on), and for an unknown flag the closest known
// one and where the flags are listed.
func flagError(flags []cli.Flag, name string, err error) error {
	where, help := "", "copydesk --help"
	if name != "" {
		where, help = name+": ", "copydesk "+name+" --help"
	}
	msg := err.Error()
	if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		bad = strings.TrimLeft(bad, "-")
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		msg = "unknown flag " + dashed(bad)
		if s := rules.SuggestID(bad, names); s != "" {
			msg += fmt.Sprintf("\nDid you mean %s? (%s lists the flags)", dashed(s), help)
		} else {
			msg += fmt.Sprintf(" (%s lists the flags)", help)
		}
		return usageErrorf("%s%s", where, msg)
	}
	// "flag needs an argument: -jobs", "invalid value "x" for flag -jobs: …"
	msg = flagNameRE.ReplaceAllStringFunc(msg, func(m string) string {
		return "flag " + dashed(strings.TrimPrefix(m, "flag -"))
	})
	return usageErrorf("%s%s", where, msg)
}

// flagNameRE matches a flag as the flag package names it in errors.
var flagNameRE = regexp.MustCompile(`flag -[A-Za-z0-9][-A-Za-z0-9]*`)

// dashed writes a flag name as it is typed: -j, --jobs.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	return names
}

// reorderArgs moves the flags of a command in front of its arguments, so
// "copydesk check articles -f json" works as users expect (the flag
// package stops at the first argument). "--" ends the flags. A flag that
// takes a value but ends the command line is a usage error here: moved
// in front of the arguments it would take the "--" before them.
func reorderArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.Name == args[1] || contains(c.Aliases, args[1]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args, nil
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		if g, ok := f.(*cli.GenericFlag); ok {
			b, ok := g.Value.(interface{ IsBoolFlag() bool })
			isBool = ok && b.IsBoolFlag()
		}
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, pos []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			pos = append(pos, rest[i+1:]...)
			i = len(rest)
		case a == "-" || !strings.HasPrefix(a, "-"):
			pos = append(pos, a)
		default:
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] {
				if i+1 == len(rest) {
					return nil, usageErrorf("%s: flag %s needs a value", cmd.Name, a)
				}
				i++
				flags = append(flags, rest[i])
			}
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (e *env) versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(e.Stdout, "copydesk %s\n", tool().Version)
			return nil
		},
	}
}
