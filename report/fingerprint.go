package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/checker"
)

// Fingerprint identifies a finding across runs: a hash of the file's
// path, the rule id and the offending text with white space collapsed.
// Lines and offsets are left out, so a finding keeps its fingerprint
// when text above it moves. Identical findings in one file share a
// fingerprint; File.Fingerprints tells them apart.
func Fingerprint(path string, f *checker.Finding) string {
	h := sha256.New()
	for _, s := range []string{path, f.RuleID(), strings.Join(strings.Fields(f.Match), " ")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Fingerprints returns the fingerprint of each finding of the file as
// "<hex>:<n>" (the form of SARIF's primaryLocationLineHash), where n
// counts the findings with the same Fingerprint in the file from 1, in
// report order. The result is unique within the file.
func (f *File) Fingerprints() []string {
	if len(f.fingerprints) == len(f.Findings) && f.fingerprints != nil {
		return f.fingerprints
	}
	out := make([]string, len(f.Findings))
	seen := make(map[string]int, len(f.Findings))
	for i := range f.Findings {
		h := Fingerprint(f.Path, &f.Findings[i])
		seen[h]++
		out[i] = h + ":" + strconv.Itoa(seen[h])
	}
	return out
}
