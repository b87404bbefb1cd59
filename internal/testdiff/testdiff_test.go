package testdiff

import "testing"

func TestFirstLine(t *testing.T) {
	tests := []struct{ want, got, diff string }{
		{"a\nb", "a\nb", ""},
		{"a\nb", "a\nc", "line 2:\nwant: b\n got: c"},
		{"a", "a\nextra", "line 2:\nwant: \n got: extra"},
		{"a\nmissing", "a", "line 2:\nwant: missing\n got: "},
	}
	for _, tt := range tests {
		if d := FirstLine(tt.want, tt.got); d != tt.diff {
			t.Errorf("FirstLine(%q, %q) = %q, want %q", tt.want, tt.got, d, tt.diff)
		}
	}
}
