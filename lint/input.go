package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/copydesk/copydesk/report"
)

// Input is one document to check.
type Input struct {
	Abs  string // file to read; "" for stdin or a document given as bytes
	Path string // path in reports
	// Read, when set, reads the document instead of Abs (--staged reads
	// the staged content).
	Read func() ([]byte, error)
	// Charset is the encoding the document was sent in (serve: the
	// Content-Type charset), which overrides its own declaration.
	Charset string
	// Reading asks CheckSource for the document's text as the rules read
	// it (report.File.Reading), for a report that shows it
	// (report.Format.Reading). A run asks for it by its outputs.
	Reading bool
	// Archive marks a web archive (WARC; see IsArchive): a run checks its
	// HTML response records, each a document of its own.
	Archive bool
	// Record places a document read from a web archive.
	Record *report.Record

	err *report.InputError // the document could not be read from its archive

	gc *gcInput // the input as the GC tuner counts it (see checking)
}

// FileSystem is what inputs are read through: the operating system, or
// in tests one that fails where the test says (tests run as root, who
// can read any file, so permissions cannot make reads fail there).
type FileSystem interface {
	ReadDir(name string) ([]fs.DirEntry, error)
	Open(name string) (fs.File, error)
}

// osFS is the operating system's file system.
type osFS struct{}

func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (osFS) Open(name string) (fs.File, error)          { return os.Open(name) }

// fsys returns the file system inputs are read through.
func (e *Env) fsys() FileSystem {
	if e.FS == nil {
		return osFS{}
	}
	return e.FS
}

// DefaultMaxSize is the default of --max-size: larger inputs are not
// read. It leaves room for 100 MB pages while keeping a stray multi-GB
// file (a log or a dump saved as .html) from exhausting memory.
const DefaultMaxSize = 128 << 20

// tooLargeError is an input over --max-size.
type tooLargeError struct {
	size int64 // -1 when unknown (a pipe that went on past the limit)
	max  int64
}

func (e *tooLargeError) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("input is larger than --max-size %s; not checked", FormatSize(e.max))
	}
	return fmt.Sprintf("file is %s, larger than --max-size %s; not checked", FormatSize(e.size), FormatSize(e.max))
}

// readInput reads one input: the file abs, or stdin when abs is "". With
// max > 0, an input of more than max bytes is refused with a
// *tooLargeError, without reading it when its size is known up front.
func (e *Env) readInput(abs string, max int64) ([]byte, error) {
	if abs == "" {
		return readLimited(e.Stdin, -1, max)
	}
	f, err := e.fsys().Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case fi.IsDir():
		return nil, errors.New("is a directory")
	case fi.Mode().IsRegular():
		if max > 0 && fi.Size() > max {
			return nil, &tooLargeError{size: fi.Size(), max: max}
		}
		return readLimited(f, fi.Size(), max)
	}
	// A pipe or a device (e.g. process substitution): read up to the limit.
	return readLimited(f, -1, max)
}

// readLimited reads r to the end; size is a hint (-1: unknown).
func readLimited(r io.Reader, size, max int64) ([]byte, error) {
	if max > 0 {
		r = io.LimitReader(r, max+1)
	}
	var buf []byte
	if size >= 0 {
		buf = make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if max > 0 && int64(len(buf)) > max {
			return nil, &tooLargeError{size: -1, max: max}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ParseSize reads a size such as --max-size takes: bytes, or a number
// with a unit (k, KB, KiB, M, MB, MiB, G, GB, GiB; units are powers of
// 1024). 0 means no limit.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || v < 0 || v*mult > 1<<62 {
		return 0, errors.New("expected a size such as 500000, 64MB or 1.5GiB (0 for no limit)")
	}
	return int64(v * mult), nil
}

// FormatSize words a byte count for messages.
func FormatSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size {
			return strings.TrimSuffix(strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64), ".0") + " " + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// IOMessage words a file-system error without repeating the path.
func IOMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.ELOOP):
		return "symbolic link loop"
	}
	return err.Error()
}
