package main

import (
	"fmt"
	"slices"

	"github.com/copydesk/copydesk/rules"
)

// noteInactive tells, on stderr, about the conditional packs that
// builtin:default left out for want of their variables when the run
// applies one of their jurisdictions (from --jurisdiction or the config),
// as the user probably expects them to run. Pages that declare a
// jurisdiction themselves are not known here and get no note.
func (e *env) noteInactive(l *loaded, jurisdictions []string) {
	run := slices.Clone(jurisdictions)
	run = append(run, l.cfg.Jurisdictions...)
	for _, o := range l.cfg.Overrides {
		run = append(run, o.Jurisdictions...)
	}
	for _, f := range l.set.Inactive {
		for _, j := range f.Jurisdictions {
			if slices.Contains(run, j) {
				fmt.Fprintf(e.stderr, "copydesk: note: %s (jurisdiction %s) is not active: it needs %s in %s\n",
					f.Path, j, f.MissingText(), rules.ConfigName)
				break
			}
		}
	}
}
