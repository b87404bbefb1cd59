package checker

import (
	"runtime"
	"strings"
	"testing"
)

// TestMemoryPerByte bounds what parsing hostile shapes allocates per
// byte of input (issue 14: one paragraph of "a\n" lines allocated 115
// bytes per byte, as the text model took two segments a line and grew
// its slices by a quarter at a time). The figures are bytes allocated in
// all, so garbage counts: that is what a process's peak memory follows.
func TestMemoryPerByte(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	const size = 1 << 20
	repeat := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	tests := []struct {
		name, src string
		max       float64 // bytes allocated per byte of input
	}{
		{"a LF", "<p>" + repeat("a\n"), 20},
		{"a CR", "<p>" + repeat("a\r"), 20},
		{"a and two spaces", "<p>" + repeat("a  "), 50},
		{"a and a space", "<p>" + repeat("a "), 20},
		{"paragraphs", repeat("<p>abcd\n"), 110},
		{"list items", "<ul>" + repeat("<li>abc\n"), 110},
		{"figures", repeat(`<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>` + "\n"), 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			d, err := Parse("m.html", src)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(d)
			per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
			t.Logf("%.1f bytes allocated per byte", per)
			if per > tt.max {
				t.Errorf("parsing allocated %.1f bytes per byte of input, want at most %.0f", per, tt.max)
			}
		})
	}
}
