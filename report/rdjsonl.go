package report

import (
	"bufio"
	"encoding/json"
	"io"
)

// rdjsonlFormat is reviewdog's line-delimited format.
var rdjsonlFormat = Format{Name: "rdjsonl", Doc: "reviewdog Diagnostic JSON Lines (reviewdog -f=rdjsonl): one finding a line, written as each file is checked", Write: writeRDJSONL, NewStream: newRDJSONLStream}

// writeRDJSONL writes the findings as reviewdog's rdjsonl: one
// Diagnostic (as in rdjson, with its source) a line, file by file, so a
// reader can start before the run ends and a run over a whole archive
// need not be held in memory. Suppressed findings and unreadable inputs
// are left out, as in rdjson. No finding: no line.
func writeRDJSONL(w io.Writer, r *Result, o Options) error {
	return writeAll(newRDJSONLStream(w, r, o), r)
}

// rdjsonlStream writes rdjsonl file by file; each file's lines are
// flushed when written.
type rdjsonlStream struct {
	head *Result
	bw   *bufio.Writer
	enc  *json.Encoder
	src  rdjsonSource
}

func newRDJSONLStream(w io.Writer, head *Result, _ Options) Streamer {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &rdjsonlStream{head: head, bw: bw, enc: enc, src: rdjsonSource{Name: head.Tool.Name, URL: head.Tool.URL}}
}

func (s *rdjsonlStream) File(f *File) error {
	for _, d := range rdjsonDiagnostics(s.head, f) {
		d.Source = &s.src
		if err := s.enc.Encode(d); err != nil { // one line: no indent
			return err
		}
	}
	return s.bw.Flush()
}

func (s *rdjsonlStream) Close([]InputError) error { return s.bw.Flush() }
