package lint

import (
	"errors"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// ParseFailOn reads a --fail-on value: error, warning, info, or none
// (rules.SevOff: nothing fails the run).
func ParseFailOn(s string) (rules.Severity, error) {
	if s == "none" {
		return rules.SevOff, nil
	}
	sev, ok := rules.ParseSeverity(s)
	if !ok || sev == rules.SevOff {
		return 0, errors.New("expected error, warning, info or none")
	}
	return sev, nil
}

// ParseJurisdictions reads a --jurisdiction value: ISO 3166 alpha-2
// codes in lower case, separated by commas.
func ParseJurisdictions(v string) ([]string, error) {
	var out []string
	for _, j := range strings.Split(v, ",") {
		j = strings.TrimSpace(j)
		if len(j) != 2 || strings.ToLower(j) != j || !isLetters(j) {
			return nil, errors.New("expected an ISO 3166 alpha-2 code in lower case, e.g. ru")
		}
		out = append(out, j)
	}
	return out, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
