package main

import (
	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/rules"
)

func (e *env) schemaCommand() *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "print the JSON Schema (draft 2020-12) of rule files or of .copydesk.yml, for editors",
		ArgsUsage: "rules|config",
		Description: "Save the output and point your editor at it, e.g. for yaml-language-server a first line\n" +
			"   # yaml-language-server: $schema=./copydesk-rules.schema.json\n" +
			"in a rule file. The schema is generated from the definitions the loader uses.",
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usageErrorf("schema needs one argument: rules or config")
			}
			var out []byte
			switch c.Args().First() {
			case "rules":
				out = rules.RuleFileSchema()
			case "config":
				out = rules.ConfigSchema()
			default:
				return usageErrorf("schema %s: expected rules or config", c.Args().First())
			}
			_, err := e.Stdout.Write(out)
			return err
		},
	}
}
