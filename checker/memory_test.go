package checker

import (
	"runtime"
	"strings"
	"testing"
)

// TestMemoryPerByte bounds what parsing hostile shapes allocates and
// keeps per byte of input. Allocated counts garbage too (issue 14: one
// paragraph of "a\n" lines allocated 115 bytes per byte, as the text
// model took two segments a line and grew its slices by a quarter at a
// time), which a process's peak memory follows; kept is the document
// itself, what the check of a page of a million tiny elements holds
// (html.Parse's tree of such a page is about 30 bytes per byte: a node
// is 104 bytes, and copydesk's 120 with its positions).
func TestMemoryPerByte(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	const size = 1 << 20
	repeat := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	tests := []struct {
		name, src   string
		alloc, kept float64 // bytes per byte of input
	}{
		{"a LF", "<p>" + repeat("a\n"), 10, 6},
		{"a CR", "<p>" + repeat("a\r"), 13, 6},
		{"a and two spaces", "<p>" + repeat("a  "), 12, 6},
		{"a and a space", "<p>" + repeat("a "), 8, 3},
		{"paragraphs", repeat("<p>abcd\n"), 50, 42},
		{"list items", "<ul>" + repeat("<li>abc\n"), 50, 42},
		{"figures", repeat(`<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>` + "\n"), 15, 12},
		{"table text", "<table>" + repeat("text <b>bold</b> "), 40, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			var before, after, kept runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			d, err := Parse("m.html", src)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			runtime.GC()
			runtime.ReadMemStats(&kept)
			runtime.KeepAlive(d)
			alloc := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
			live := (float64(kept.HeapAlloc) - float64(before.HeapAlloc)) / float64(len(src))
			t.Logf("%.1f bytes allocated and %.1f kept per byte", alloc, live)
			if alloc > tt.alloc {
				t.Errorf("parsing allocated %.1f bytes per byte of input, want at most %.0f", alloc, tt.alloc)
			}
			if live > tt.kept {
				t.Errorf("the document keeps %.1f bytes per byte of input, want at most %.0f", live, tt.kept)
			}
		})
	}
}

// TestCheckMemoryPerByte bounds what checking hostile shapes allocates
// per byte of input, with every built-in pack and the house pack. Past a
// rule's cap a finding is only counted (a rule missing its element in
// each of 300,000 figures allocated 3.2 GB quoting its selector in each
// message), and the blocks of a scope are listed in one slice of their
// size, not grown by append and kept for every small scope.
func TestCheckMemoryPerByte(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	eng, err := fuzzEngine()
	if err != nil {
		t.Fatal(err)
	}
	const size = 1 << 20
	repeat := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	tests := []struct {
		name, src string
		max       float64 // bytes allocated by the check per byte of input
	}{
		{"figures", repeat(`<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>` + "\n"), 20},
		{"paragraphs", repeat("<p>abcd\n"), 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			d, err := Parse("m.html", src)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			if _, err := eng.Check(d, Options{}); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
			t.Logf("the check allocated %.1f bytes per byte", per)
			if per > tt.max {
				t.Errorf("the check allocated %.1f bytes per byte of input, want at most %.0f", per, tt.max)
			}
		})
	}
}
