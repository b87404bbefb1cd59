package report

import "github.com/copydesk/copydesk/checker"

// FileOf is the report of the findings of doc, with the diff of each fix
// (see File.Diffs). A fix to a UTF-8 file is shown as the diff of its
// bytes; a fix to a file in another encoding is shown decoded, as the
// file reads, and a fix that cannot be written in that encoding has no
// diff.
func FileOf(path string, doc *checker.Document, findings []checker.Finding) File {
	src := doc.File
	f := File{Path: path, Findings: findings}
	for i := range findings {
		if fx := findings[i].Fix; fx != nil {
			if f.Diffs == nil {
				f.Diffs = make([]string, len(findings))
			}
			if doc.Encoding == "utf-8" {
				f.Diffs[i] = FixDiff(path, src, fx.Edits)
				continue
			}
			fixed, err := doc.Apply(fx.Edits)
			if err != nil {
				continue
			}
			f.Diffs[i] = UnifiedDiff(path, doc.Decode(src), doc.Decode(fixed))
		}
	}
	return f
}
