package checker

import (
	"strings"
	"testing"
)

// TestInputWarnings checks the warnings about input that is not what it
// claims: each case got no warning before (issue 14 item 7).
func TestInputWarnings(t *testing.T) {
	body := "<p>" + strings.Repeat("Ein Satz mit Umlauten: äöü ß. ", 40) + "</p>\n"
	tests := []struct {
		name, src, transport, want string
	}{
		{"UTF-8 sent as UTF-16", body, "utf-16", "read as utf-16le the page has no markup"},
		{"UTF-8 labelled ISO-2022-JP", "<meta charset=iso-2022-jp>" + body, "", "are replacement or control characters: the charset label is probably wrong"},
		{"a run of NUL bytes", body + strings.Repeat("x", 1100) + strings.Repeat("\x00", 5000) + "<p>end</p>", "", "5000 NUL bytes from here"},
		{"a lone UTF-16 surrogate", "\xff\xfe" + toUTF16LE("<p>a") + "\x00\xd8" + toUTF16LE("b</p>"), "", "a lone UTF-16 surrogate"},
		{"good UTF-8", body, "", ""},
		{"good windows-1251", "<meta charset=windows-1251><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseSent("w.html", []byte(tt.src), tt.transport)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range d.Warnings {
				got = append(got, w.Message)
			}
			all := strings.Join(got, "; ")
			if tt.want == "" && all != "" || tt.want != "" && !strings.Contains(all, tt.want) {
				t.Errorf("warnings %q, want %q", all, tt.want)
			}
		})
	}
}
