package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/checker"
)

// A baseline records the findings a project has accepted for now, so that
// a later run reports only new ones (check --write-baseline, --baseline).
// A finding is known by its Fingerprint — path, rule id and offending
// text, not its line — so it stays known when text above it moves. Each
// entry matches one finding: a third copy of a twice-baselined finding is
// new.

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Path        string `json:"path"` // slash path, relative to the baseline file's directory
	Rule        string `json:"rule"`
	Fingerprint string `json:"fingerprint"` // Fingerprint(Path, finding)
	Text        string `json:"text"`        // the offending text, for people reading the file
}

// baselineFile is the wire form of a baseline file.
type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []BaselineEntry `json:"findings"`
}

// Baseline is a loaded baseline being matched against a run's findings.
type Baseline struct {
	entries map[string]int // fingerprint -> entries; never changed after reading
	left    map[string]int // fingerprint -> entries not matched yet
	byPath  map[string]int // path -> entries
	checked map[string]bool
	known   int // findings matched and dropped
}

// ReadBaseline reads a baseline file written by WriteBaseline.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	var f baselineFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a copydesk baseline: %w", err)
	}
	if f.Version != 1 {
		return nil, errors.New("not a copydesk baseline of version 1")
	}
	b := &Baseline{entries: map[string]int{}, left: map[string]int{}, byPath: map[string]int{}, checked: map[string]bool{}}
	for _, e := range f.Findings {
		b.entries[e.Fingerprint]++
		b.left[e.Fingerprint]++
		b.byPath[e.Path]++
	}
	return b, nil
}

// Accepted reports which of one file's findings the baseline accepts, as
// Filter would drop them, without counting them: fixing leaves accepted
// findings alone. It only reads the baseline, so it may run while Filter
// runs for other files.
func (b *Baseline) Accepted(path string, fs []checker.Finding) []bool {
	out := make([]bool, len(fs))
	var seen map[string]int
	for i := range fs {
		fd := &fs[i]
		if fd.Suppressed {
			continue
		}
		h := Fingerprint(path, fd)
		if n := b.entries[h]; n > 0 {
			if seen == nil {
				seen = map[string]int{}
			}
			seen[h]++
			out[i] = seen[h] <= n
		}
	}
	return out
}

// Filter moves the unsuppressed findings the baseline knows (each entry
// matches one finding) from f.Findings to f.Accepted, and drops their
// diffs. path is the file's path relative to the baseline file's
// directory. It returns how many findings it moved.
func (b *Baseline) Filter(f *File, path string) int {
	b.checked[path] = true
	n := 0
	keep := f.Findings[:0]
	var diffs []string
	if f.Diffs != nil {
		diffs = f.Diffs[:0]
	}
	for i := range f.Findings {
		fd := &f.Findings[i]
		if !fd.Suppressed {
			if h := Fingerprint(path, fd); b.left[h] > 0 {
				b.left[h]--
				n++
				f.Accepted = append(f.Accepted, *fd)
				continue
			}
		}
		keep = append(keep, *fd)
		if f.Diffs != nil {
			diffs = append(diffs, f.Diffs[i])
		}
	}
	f.Findings = keep
	if f.Diffs != nil {
		f.Diffs = diffs
	}
	b.known += n
	return n
}

// Known returns how many findings Filter moved to Accepted.
func (b *Baseline) Known() int { return b.known }

// Gone returns how many entries of the files Filter saw matched no
// finding: problems fixed since the baseline was written. Entries of
// files this run did not check do not count.
func (b *Baseline) Gone() int {
	total := 0
	for path, n := range b.byPath {
		if b.checked[path] {
			total += n
		}
	}
	// A fingerprint includes the path, so every match used up an entry
	// of a checked file.
	return total - b.known
}

// BaselineEntries returns the entries of a file's unsuppressed findings;
// path is the file's path relative to the baseline file's directory.
func BaselineEntries(f *File, path string) []BaselineEntry {
	var out []BaselineEntry
	for i := range f.Findings {
		fd := &f.Findings[i]
		if fd.Suppressed {
			continue
		}
		out = append(out, BaselineEntry{Path: path, Rule: fd.RuleID(), Fingerprint: Fingerprint(path, fd), Text: strings.Join(strings.Fields(fd.Match), " ")})
	}
	return out
}

// WriteBaseline writes a baseline file of the entries, sorted, so that
// the file only changes where the findings do.
func WriteBaseline(w io.Writer, entries []BaselineEntry) error {
	sorted := append([]BaselineEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Fingerprint != b.Fingerprint {
			return a.Fingerprint < b.Fingerprint
		}
		return a.Text < b.Text
	})
	if sorted == nil {
		sorted = []BaselineEntry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(baselineFile{Version: 1, Tool: "copydesk", Findings: sorted})
}
