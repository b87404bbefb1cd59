package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSuppressionsInReports checks that suppressed findings stay in the
// JSON and SARIF reports, marked as suppressed with their reason, and do
// not fail the run; and that the core rules are listed in SARIF.
func TestSuppressionsInReports(t *testing.T) {
	inRoot(t)
	page := "<article>\n<!-- copydesk-ignore editorial/cms-placeholder -- an article about dummy text -->\n" +
		"<p>Lorem ipsum is the dummy text of typesetters.</p>\n</article>\n"
	code, out, errOut := copydesk(t, page, "check", "-f", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Files []struct {
			Findings []struct {
				Rule          string `json:"rule"`
				Suppressed    bool   `json:"suppressed"`
				Justification string `json:"justification"`
			} `json:"findings"`
		} `json:"files"`
		Summary struct {
			Findings   int `json:"findings"`
			Suppressed int `json:"suppressed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 1 || len(doc.Files[0].Findings) != 1 || doc.Summary.Suppressed != 1 || doc.Summary.Findings != 0 {
		t.Fatalf("report:\n%s", out)
	}
	if f := doc.Files[0].Findings[0]; f.Rule != "editorial/cms-placeholder" || !f.Suppressed || f.Justification != "an article about dummy text" {
		t.Errorf("finding = %+v", f)
	}

	_, out, _ = copydesk(t, page, "check", "-f", "sarif", "-")
	for _, want := range []string{`"kind": "inSource"`, `"justification": "an article about dummy text"`, `"id": "copydesk/unused-suppression"`, `"id": "copydesk/invalid-suppression"`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}

	// A comment without a reason suppresses nothing and is reported.
	code, out, _ = copydesk(t, strings.Replace(page, " -- an article about dummy text", "", 1), "check", "-")
	if code != 1 || !strings.Contains(out, "<stdin>:2:1: warning: copydesk-ignore editorial/cms-placeholder has no reason") ||
		!strings.Contains(out, "[editorial/cms-placeholder]") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
