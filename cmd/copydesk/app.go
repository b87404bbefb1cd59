package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/rules"
)

// version is set at build time with -ldflags "-X main.version=…"; when
// it is not, the module version from the build info is used.
var version = ""

// toolVersion returns the version of this build.
func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// env is what a command sees of its process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	dir            string       // working directory
	fs             fileSystem   // where inputs are read; nil: the operating system
	maxSize        int64        // check --max-size: larger inputs are refused (0: no limit)
	fixMode        fixMode      // check --fix or --diff
	noReports      bool         // check --diff without -f: no report wants the diff of each fix
	baseline       *baselineRun // check --baseline: its findings are not fixed
	files          fileWriter   // how --fix replaces files
}

// run is the whole program: it parses args, runs the command and returns
// the exit code. It never calls os.Exit, so tests run it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "copydesk: %v\n", err)
		return exitConfig
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, dir: dir}
	return e.run(ctx, args)
}

func (e *env) run(ctx context.Context, args []string) int {
	app := e.app()
	err := app.RunContext(ctx, reorderArgs(app, args))
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) || !ee.printed {
		if ee != nil && ee.err == nil {
			return ee.code
		}
		fmt.Fprintf(e.stderr, "copydesk: %v\n", err)
	}
	return exitCode(err)
}

func (e *env) app() *cli.App {
	return &cli.App{
		Name:                      "copydesk",
		Usage:                     "check article HTML against newsroom rule packs before publication",
		Version:                   toolVersion(),
		Reader:                    e.stdin,
		Writer:                    e.stdout,
		ErrWriter:                 e.stderr,
		HideHelpCommand:           true,
		DisableSliceFlagSeparator: true,
		Suggest:                   true,
		// The exit code is decided in run, never inside cli.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageErrorf("%v", err)
		},
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(e.stderr, "copydesk: unknown command %q (commands: %s)\n", name, strings.Join(commandNames(c.App), ", "))
		},
		Commands: []*cli.Command{
			e.checkCommand(),
			e.rulesCommand(),
			e.explainCommand(),
			e.testCommand(),
			e.schemaCommand(),
			e.initCommand(),
			e.serveCommand(),
			e.versionCommand(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErrorf("unknown command %q (commands: %s)", c.Args().First(), strings.Join(commandNames(c.App), ", "))
			}
			return cli.ShowAppHelp(c)
		},
	}
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
// package stops at the first argument). "--" ends the flags.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.Name == args[1] || contains(c.Aliases, args[1]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args
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
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// printErrors writes a rule/config error list (or any error) to stderr
// and returns it as a config error that is already printed.
func (e *env) printConfigError(err error) error {
	var list rules.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			fmt.Fprintln(e.stderr, e.relError(x))
		}
	} else {
		fmt.Fprintf(e.stderr, "copydesk: %v\n", err)
	}
	return &exitError{code: exitConfig, err: err, printed: true}
}

// relError formats a rule-file error with its path relative to the
// working directory.
func (e *env) relError(x *rules.Error) string {
	c := *x
	c.Pos.File = e.rel(c.Pos.File)
	return c.Error()
}

func (e *env) versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(e.stdout, "copydesk %s\n", toolVersion())
			return nil
		},
	}
}
