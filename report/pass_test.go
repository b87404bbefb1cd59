package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

func TestPass(t *testing.T) {
	rule := &rules.Rule{ID: "t/x", Severity: rules.SevWarning}
	warning := checker.Finding{Rule: rule, Severity: rules.SevWarning}
	suppressedError := checker.Finding{Rule: rule, Severity: rules.SevError, Suppressed: true}
	tests := []struct {
		name   string
		res    Result
		pass   bool
		failOn string
	}{
		{"no findings", Result{FailOn: rules.SevError}, true, "error"},
		{"warning below fail-on", Result{FailOn: rules.SevError, Files: []File{{Findings: []checker.Finding{warning}}}}, true, "error"},
		{"warning at fail-on", Result{FailOn: rules.SevWarning, Files: []File{{Findings: []checker.Finding{warning}}}}, false, "warning"},
		{"warning above fail-on", Result{FailOn: rules.SevInfo, Files: []File{{Findings: []checker.Finding{warning}}}}, false, "info"},
		{"suppressed error", Result{FailOn: rules.SevInfo, Files: []File{{Findings: []checker.Finding{suppressedError}}}}, true, "info"},
		{"fail-on none", Result{FailOn: rules.SevOff, Files: []File{{Findings: []checker.Finding{warning}}}}, true, "none"},
		{"input error", Result{FailOn: rules.SevOff, Errors: []InputError{{Path: "a.html", Message: "binary file"}}}, false, "none"},
	}
	for _, tt := range tests {
		if got := tt.res.Pass(); got != tt.pass {
			t.Errorf("%s: Pass() = %v, want %v", tt.name, got, tt.pass)
		}
		var b bytes.Buffer
		if err := writeJSON(&b, &tt.res, Options{}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Summary struct {
				FailOn string `json:"fail_on"`
				Pass   *bool  `json:"pass"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Summary.Pass == nil || *doc.Summary.Pass != tt.pass || doc.Summary.FailOn != tt.failOn {
			t.Errorf("%s: JSON summary says pass %v, fail_on %q; want %v, %q", tt.name, doc.Summary.Pass, doc.Summary.FailOn, tt.pass, tt.failOn)
		}
	}
}
