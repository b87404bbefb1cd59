package report

import "io"

// Streamer writes one report while a run is still checking files, so a
// run over a whole archive need not keep every file's findings: the
// caller hands it each checked file, in path order, then closes it. The
// bytes written are those Format.Write writes for the whole Result.
type Streamer interface {
	// File writes the findings of the next file.
	File(f *File) error
	// Close writes what follows the files: the input errors of the run
	// (sorted by path) and the summary.
	Close(errs []InputError) error
}

// Stream starts a report of format f on w. head gives the run's Tool,
// Rules and FailOn; its Files and Errors are not used. A format that
// cannot stream is collected and written by its Write on Close.
func (f Format) Stream(w io.Writer, head *Result, o Options) Streamer {
	if f.NewStream != nil {
		return f.NewStream(w, head, o)
	}
	r := *head
	r.Files, r.Errors = nil, nil
	return &collector{w: w, r: &r, o: o, write: f.Write}
}

// collector is the Streamer of a format without NewStream.
type collector struct {
	w     io.Writer
	r     *Result
	o     Options
	write func(io.Writer, *Result, Options) error
}

func (c *collector) File(f *File) error {
	c.r.Files = append(c.r.Files, *f)
	return nil
}

func (c *collector) Close(errs []InputError) error {
	c.r.Errors = errs
	return c.write(c.w, c.r, c.o)
}

// writeAll writes a whole Result through a Streamer.
func writeAll(s Streamer, r *Result) error {
	for i := range r.Files {
		if err := s.File(&r.Files[i]); err != nil {
			return err
		}
	}
	return s.Close(r.Errors)
}
