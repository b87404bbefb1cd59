package report

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
