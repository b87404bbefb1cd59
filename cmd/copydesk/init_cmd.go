package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/rules"
)

func (e *env) initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented starter .copydesk.yml",
		ArgsUsage: "[PATH]",
		Description: "Writes PATH (default: .copydesk.yml in the working directory) with the default packs and\n" +
			"commented examples of every setting. An existing file is kept unless --force is given.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing file"},
		},
		Action: e.init,
	}
}

func (e *env) init(c *cli.Context) error {
	if c.Args().Len() > 1 {
		return usageErrorf("init takes at most one path")
	}
	path := rules.ConfigName
	if c.Args().Len() == 1 {
		path = c.Args().First()
	}
	abs := e.Abs(path)
	if _, err := os.Stat(abs); err == nil && !c.Bool("force") {
		return usageErrorf("%s already exists; keep it, or overwrite it with copydesk init --force", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return usageErrorf("%s: %s", path, lint.IOMessage(err))
	}
	cat, err := lint.Catalog()
	if err != nil {
		return e.PrintConfigError(err)
	}
	if err := lint.WriteFileAtomic(abs, []byte(starterConfig(cat))); err != nil {
		return &lint.ExitError{Code: exitInput, Err: fmt.Errorf("%s: %s", path, lint.IOMessage(err))}
	}
	fmt.Fprintf(e.Stdout, "wrote %s: the default packs; run copydesk check to use it\n", path)
	return nil
}

// starterConfig is the text init writes: the default packs, and every
// other setting commented out with an example. The packs and variables it
// lists come from the built-in packs.
func starterConfig(cat *rules.Set) string {
	var b strings.Builder
	b.WriteString(`# copydesk configuration: https://github.com/copydesk/copydesk#configuration
# Check it with "copydesk rules" (what runs) and "copydesk check" (the pages).
# Editors: save "copydesk schema config" as .copydesk/config.schema.json and
# uncomment the next line to get completion and checking as you type.
# yaml-language-server: $schema=.copydesk/config.schema.json
version: 1

# Rule packs to run. builtin:default is `)
	b.WriteString(strings.Join(rules.DefaultPacks(), ", "))
	b.WriteString(`,
# and the Russia packs once the variables they need are set (see vars).
# Rule files of your own are listed by path, relative to this file.
packs:
  - builtin:default
`)
	width := 0
	var optIn []*rules.File
	for _, f := range cat.Files {
		name := strings.TrimPrefix(f.Path, rules.BuiltinPrefix)
		if slices.Contains(rules.DefaultPacks(), name) || slices.Contains(rules.ConditionalPacks(), name) {
			continue
		}
		optIn = append(optIn, f)
		width = max(width, len(f.Path))
	}
	for _, f := range optIn {
		fmt.Fprintf(&b, "  # - %-*s  # %s\n", width, f.Path, shortDescription(f.Description, 60))
	}
	b.WriteString("  # - rules/house.yml\n")

	var defaults []string
	var lines strings.Builder
	for _, f := range cat.Files {
		for _, v := range f.Vars {
			switch {
			case v.Default == nil && v.Example != nil:
				fmt.Fprintf(&lines, "#   %s: %s    # turns on %s: %s\n", v.Name, strings.Join(v.Example.Values, ", "), f.Path, strings.TrimSuffix(v.Doc, "."))
			case v.Default != nil:
				defaults = append(defaults, fmt.Sprintf("%s (%s)", v.Name, strings.TrimPrefix(f.Path, rules.BuiltinPrefix)))
			}
		}
	}
	b.WriteString("\n# Variables, substituted into rules as ${name}.")
	if len(defaults) > 0 {
		b.WriteString(" Those with defaults you may\n# change: " + strings.Join(defaults, ", ") + ".")
	}
	b.WriteString("\n# vars:\n" + lines.String())

	b.WriteString(`
# Jurisdictions (ISO 3166 alpha-2, lower case) that apply to every page. Pages
# can declare theirs: <meta name="copydesk:jurisdiction" content="ru">.
# jurisdictions: [ru]

# The article body that rules look at, a CSS selector list tried in order.
# content: "article, [itemprop=articleBody], main"

# Files to check when no path is given, and files never to check.
# include: ["site/**/*.html"]
# exclude: ["site/archive/**"]

# Severity overrides by rule id: error, warning, info or off; on turns an
# opt-in rule on at its own severity ("copydesk rules --all" lists the ids
# and which rules are opt-in).
# rules:
#   attribution/quote: on
#   editorial/duplicate-paragraph: on

# Settings for some files only.
# overrides:
#   - files: ["site/ru/**"]
#     jurisdictions: [ru]
#     rules: {image-credits/figure-credit: "off"}
`)
	return b.String()
}

// shortDescription returns the start of a pack description, on one line, cut at a
// word boundary to about n characters.
func shortDescription(s string, n int) string {
	words := strings.Fields(s)
	out := ""
	for _, w := range words {
		if len(out)+len(w)+1 > n {
			return strings.TrimRight(out, ",;:") + " …"
		}
		if out != "" {
			out += " "
		}
		out += w
	}
	return out
}
