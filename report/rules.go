package report

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/copydesk/copydesk/rules"
)

// RuleEntry is one rule as `copydesk rules --format json` and the HTTP
// service's GET /v1/rules list it.
type RuleEntry struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Pack     string `json:"pack"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	URL      string `json:"url,omitempty"`
	// Enabled is given with --all: whether the current config runs the
	// rule (Severity is then the rule's own).
	Enabled *bool `json:"enabled,omitempty"`
	// OptIn is set for a rule that is off unless the config turns it on
	// under rules:, though its pack runs.
	OptIn bool `json:"opt_in,omitempty"`
}

// WriteRuleEntries writes a list of rules as `copydesk rules` prints it:
// one line per rule (id, severity, pack, title, and whether a rule of
// --all is enabled), then the conditional packs left out for want of
// their variables.
func WriteRuleEntries(w io.Writer, list []RuleEntry, inactive []*rules.File) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s", r.ID, r.Severity, r.Pack, r.Title)
		switch {
		case r.OptIn && r.Enabled != nil && !*r.Enabled:
			fmt.Fprint(tw, "\t(opt-in, not enabled)")
		case r.Enabled != nil && !*r.Enabled:
			fmt.Fprint(tw, "\t(not enabled)")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range inactive {
		fmt.Fprintf(w, "\ninactive: %s needs %s in %s", f.Path, f.MissingText(), rules.ConfigName)
	}
	if len(inactive) > 0 {
		_, err := fmt.Fprintln(w)
		return err
	}
	return nil
}

// WriteRuleEntriesJSON writes a list of rules as `copydesk rules --format
// json` prints it: an indented JSON array.
func WriteRuleEntriesJSON(w io.Writer, list []RuleEntry) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(list)
}
