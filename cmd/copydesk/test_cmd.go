package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/rules"
)

func (e *env) testCommand() *cli.Command {
	return &cli.Command{
		Name:      "test",
		Usage:     "run the valid/invalid examples of rule files and built-in packs",
		ArgsUsage: "[RULEFILE|builtin:NAME]...",
		Description: "Every valid example must give no finding of its rule, every invalid example at least one.\n" +
			"Without arguments the packs of the config are tested (the built-in default packs when there is none).\n" +
			"Variables come from the config; those a rule file declares take the values its examples are written for.\n" +
			"Exit 1 when an example fails, 2 when a file cannot be loaded.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file (for vars and content; default: .copydesk.yml found walking up from here)"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list every example, not only the failures"},
		},
		Action: e.test,
	}
}

// configPath resolves a path of the config (a pack) against its directory.
func configPath(cfg *rules.Config, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cfg.Dir, p)
}

// testTarget is one rule file or built-in pack to test.
type testTarget struct {
	name string // as shown: builtin:NAME or the path relative to the working directory
	pack string // builtin:NAME, or "" for a file
	path string // absolute path of a file
}

func (e *env) test(c *cli.Context) error {
	cfg, err := e.FindConfig(c.String("config"))
	if err != nil {
		return e.PrintConfigError(err)
	}
	var targets []testTarget
	args := c.Args().Slice()
	if len(args) == 0 {
		for _, p := range cfg.Packs {
			args = append(args, p.Name)
			if !strings.HasPrefix(p.Name, rules.BuiltinPrefix) {
				args[len(args)-1] = configPath(cfg, p.Name)
			}
		}
	}
	for _, a := range args {
		if strings.HasPrefix(a, rules.BuiltinPrefix) {
			targets = append(targets, testTarget{name: a, pack: a})
			continue
		}
		targets = append(targets, testTarget{name: e.Rel(e.Abs(a)), path: e.Abs(a)})
	}

	var loadFailed, failed, total, rulesRun int
	verbose := c.Bool("verbose")
	for _, t := range targets {
		if name, ok := strings.CutPrefix(t.pack, rules.BuiltinPrefix); ok && name != "default" {
			if _, ok := rules.Builtin(name); !ok {
				// Named on the command line, not in a config: no packs[0].
				names := rules.BuiltinNames()
				msg := fmt.Sprintf("%s: unknown built-in pack (built-in packs: default, %s)", t.name, strings.Join(names, ", "))
				if s := rules.SuggestID(name, names); s != "" {
					msg = fmt.Sprintf("%s: unknown built-in pack; did you mean %s%s? (built-in packs: default, %s)", t.name, rules.BuiltinPrefix, s, strings.Join(names, ", "))
				}
				fmt.Fprintln(e.Stderr, "copydesk: "+msg)
				fmt.Fprintf(e.Stdout, "FAIL %s: cannot be loaded\n", t.name)
				loadFailed++
				continue
			}
		}
		tc := &rules.Config{Path: cfg.Path, Dir: cfg.Dir, Vars: cfg.Vars, Content: cfg.Content}
		var extra []string
		if t.pack != "" {
			tc.Packs = []rules.PackRef{{Name: t.pack}}
		} else {
			extra = []string{t.path}
		}
		set, err := rules.LoadExamples(tc, extra)
		if err == nil {
			var eng *checker.Engine
			if eng, err = checker.New(set); err == nil {
				n, f := e.reportExamples(eng.RunExamples(), verbose)
				total += n
				failed += f
				for _, r := range set.Rules {
					if !r.Internal { // copydesk's own rules have no examples
						rulesRun++
					}
				}
				continue
			}
		}
		_ = e.PrintConfigError(err) // printed; the exit code is decided below
		fmt.Fprintf(e.Stdout, "FAIL %s: cannot be loaded\n", t.name)
		loadFailed++
	}
	notLoaded := ""
	if loadFailed > 0 {
		notLoaded = fmt.Sprintf("; %s of %d could not be loaded", plural(loadFailed, "pack or file"), len(targets))
	}
	switch {
	case failed > 0:
		fmt.Fprintf(e.Stdout, "%d of %s failed (%s)%s\n", failed, plural(total, "example"), plural(rulesRun, "rule"), notLoaded)
	default:
		fmt.Fprintf(e.Stdout, "%s of %s passed%s\n", plural(total, "example"), plural(rulesRun, "rule"), notLoaded)
	}
	switch {
	case loadFailed > 0:
		return &lint.ExitError{Code: exitConfig, Printed: true}
	case failed > 0:
		return &lint.ExitError{Code: exitFindings, Printed: true}
	}
	return nil
}

// reportExamples prints the failed examples (every example when
// verbose) and returns how many there were and how many failed.
func (e *env) reportExamples(results []checker.ExampleResult, verbose bool) (total, failed int) {
	for i := range results {
		x := &results[i]
		total++
		pos := x.Rule.ValuePosOf(x.Key())
		pos.File = e.Rel(pos.File)
		kind := "invalid"
		if x.Valid {
			kind = "valid"
		}
		what := fmt.Sprintf("%s: %s example %d", x.Rule.ID, kind, x.Index+1)
		switch {
		case x.Passed():
			if verbose {
				fmt.Fprintf(e.Stdout, "%s: ok %s\n", pos, what)
			}
			continue
		case x.Err != nil:
			fmt.Fprintf(e.Stdout, "%s: FAIL %s cannot be checked: %v\n", pos, what, x.Err)
		case x.Valid:
			for _, f := range x.Findings {
				fmt.Fprintf(e.Stdout, "%s: FAIL %s gives a finding at %d:%d: %s\n", pos, what, f.Start.Line, f.Start.Column, oneLine(f.Message))
			}
		default:
			fmt.Fprintf(e.Stdout, "%s: FAIL %s gives no finding\n", pos, what)
		}
		failed++
	}
	return total, failed
}

// plural formats a count of things: "1 rule", "2 rules".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// oneLine joins the lines of a message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
