package main

import (
	"strings"
	"testing"
)

// TestUsageErrors: a usage error goes to stderr, with the closest flag
// for a mistyped one, and nothing goes to stdout, where it would land in
// the report a CI step redirects (issue 16 item 2). A flag that lacks its
// value is named as typed, without a "--" the user never wrote.
func TestUsageErrors(t *testing.T) {
	inRoot(t)
	tests := []struct {
		args   []string
		stderr []string
		not    []string // substrings that must not be in stderr
	}{
		{args: []string{"check", "--fial-on", "warning", "-f", "sarif", "testdata/articles"},
			stderr: []string{"unknown flag --fial-on", "Did you mean --fail-on?", "copydesk check --help"}, not: []string{"NAME:", "-fial-on:"}},
		{args: []string{"check", "testdata/articles", "--jobs"},
			stderr: []string{"check: flag --jobs needs a value"}, not: []string{`"--"`}},
		{args: []string{"check", "-j"},
			stderr: []string{"check: flag -j needs a value"}},
		{args: []string{"check", "--jobs=many", "testdata/articles"},
			stderr: []string{`invalid value "many" for flag --jobs`}},
		{args: []string{"serve", "--concurency", "4"},
			stderr: []string{"serve: unknown flag --concurency", "Did you mean --concurrency?"}},
		{args: []string{"rules", "--al"},
			stderr: []string{"rules: unknown flag --al", "Did you mean --all?"}},
		{args: []string{"--verzion"},
			stderr: []string{"unknown flag --verzion", "Did you mean --version?"}},
		{args: []string{"check", "--zzzzzzzzzz", "testdata/articles"},
			stderr: []string{"unknown flag --zzzzzzzzzz (copydesk check --help lists the flags)"}, not: []string{"Did you mean"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := copydesk(t, "", tt.args...)
			if code != exitConfig {
				t.Errorf("exit %d, want %d", code, exitConfig)
			}
			if out != "" {
				t.Errorf("stdout is not empty:\n%s", out)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(errOut, s) {
					t.Errorf("stderr has %q:\n%s", s, errOut)
				}
			}
		})
	}
}
