package checker

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// maxFileSize is the size from which a file cannot be checked: spans are
// 32-bit.
const maxFileSize = 1<<31 - 1

// ErrNotHTML is wrapped by the error ParseFile returns for input that is
// not HTML text; its message says what the input looks like instead.
var ErrNotHTML = errors.New("not HTML")

// ParseFile is Parse for a file as a user handed it in. It first refuses
// input that is not HTML text, with an error that wraps ErrNotHTML: a
// known binary format (images, PDF, archives, executables, fonts) or a
// NUL byte in the first 1024 bytes of text (after decoding, so UTF-16 is
// text). An empty file is an empty document, not an error.
func ParseFile(path string, raw []byte) (*Document, error) {
	return parse(path, raw, "", true)
}

// ParseSent is ParseFile for a document that came with a charset from
// outside, such as the charset parameter of an HTTP Content-Type: as in
// browsers, that label decides the encoding unless the document starts
// with a byte order mark. An unknown label is an error.
func ParseSent(path string, raw []byte, charsetLabel string) (*Document, error) {
	if charsetLabel != "" && !KnownCharset(charsetLabel) {
		return nil, fmt.Errorf("%w %q", errUnsupportedEncoding, charsetLabel)
	}
	return parse(path, raw, charsetLabel, true)
}

func parse(path string, raw []byte, transport string, strict bool) (*Document, error) {
	if len(raw) >= maxFileSize {
		return nil, errors.New("file too large to check (2 GiB or more)")
	}
	if strict {
		if kind := binaryKind(raw); kind != "" {
			return nil, fmt.Errorf("%w: %s", ErrNotHTML, kind)
		}
	}
	fe, warnings, err := sniffEncoding(raw, transport)
	if err != nil {
		return nil, err
	}
	d := &Document{Path: path, Src: raw, File: raw, Encoding: fe.name, fenc: fe}
	if fe.decode {
		d.Src, d.fmap = decodeFile(raw, fe)
	}
	if strict {
		if i := bytes.IndexByte(d.Src[:min(len(d.Src), 1024)], 0); i >= 0 {
			pos := d.Position(i)
			pos.Offset = d.FileOffset(i)
			return nil, &FileError{Pos: pos, Err: fmt.Errorf("%w: binary data (NUL byte at offset %d)", ErrNotHTML, pos.Offset)}
		}
	}
	if err := d.build(); err != nil {
		return nil, err
	}
	warnings = append(warnings, inputWarnings(d, fe)...)
	if len(warnings) > 0 {
		d.Warnings = append(warnings, d.Warnings...)
		sort.SliceStable(d.Warnings, func(i, j int) bool { return d.Warnings[i].Offset < d.Warnings[j].Offset })
	}
	return d, nil
}

// FileError is an input that cannot be checked, with the place in the
// file that shows why. Its message does not repeat the position.
type FileError struct {
	Pos Position // Offset is into the file as read
	Err error
}

func (e *FileError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error (ErrNotHTML, for instance).
func (e *FileError) Unwrap() error { return e.Err }

// positionIn returns the position of offset off in src read as UTF-8.
func positionIn(src []byte, off int) Position {
	return (&Document{Src: src}).Position(off)
}

// magic lists signatures of binary formats that are sometimes saved with
// an .html name (or end up in a directory of articles).
var magic = [...]struct {
	at   int
	sig  string
	kind string
}{
	{0, "\x89PNG\r\n\x1a\n", "PNG image"},
	{0, "\xff\xd8\xff", "JPEG image"},
	{0, "GIF87a", "GIF image"},
	{0, "GIF89a", "GIF image"},
	{8, "WEBP", "WebP image"},
	{0, "%PDF-", "PDF document"},
	{0, "PK\x03\x04", "ZIP archive"},
	{0, "PK\x05\x06", "ZIP archive"},
	{0, "\x1f\x8b", "gzip-compressed data"},
	{0, "\xfd7zXZ\x00", "xz-compressed data"},
	{0, "\x28\xb5\x2f\xfd", "zstd-compressed data"},
	{0, "7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{4, "1AY&SY", "bzip2-compressed data"},
	{0, "\x7fELF", "ELF executable"},
	{0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"},
	{4, "ftyp", "MP4/QuickTime media"},
	{0, "OggS", "Ogg media"},
	{0, "wOFF", "WOFF font"},
	{0, "wOF2", "WOFF2 font"},
	{0, "\xff\xfe\x00\x00", "UTF-32 text (browsers do not read UTF-32)"},
	{0, "\x00\x00\xfe\xff", "UTF-32 text (browsers do not read UTF-32)"},
}

// binaryKind names the binary format raw starts with, or returns "".
func binaryKind(raw []byte) string {
	for _, m := range magic {
		if len(raw) >= m.at+len(m.sig) && string(raw[m.at:m.at+len(m.sig)]) == m.sig {
			if m.at == 4 && m.sig == "1AY&SY" && string(raw[:3]) != "BZh" {
				continue
			}
			if m.at == 8 && string(raw[:4]) != "RIFF" {
				continue
			}
			return m.kind
		}
	}
	return ""
}

// FileOffset returns the offset in File of offset off of Src. For a
// UTF-8 file the two are the same.
func (d *Document) FileOffset(off int) int {
	if d.fmap == nil {
		return off
	}
	return d.fmap.file(off)
}

// SrcOffset returns the offset in Src of offset off of File, the inverse
// of FileOffset: the first offset of Src that maps to off or beyond. It
// takes a finding's Span (an offset into File) back to the tree's spans.
func (d *Document) SrcOffset(off int) int {
	if d.fmap == nil {
		return off
	}
	return sort.Search(len(d.Src), func(i int) bool { return d.fmap.file(i) >= off })
}

// Apply returns the file with edits applied: edits are sorted,
// non-overlapping, with offsets into File (as Engine.Check reports them)
// and UTF-8 text, which is written in the file's encoding. Characters the
// encoding lacks are written as numeric character references. It fails
// when the text cannot be written in the encoding at all (a stateful one
// such as ISO-2022-JP).
func (d *Document) Apply(edits []Edit) ([]byte, error) {
	if d.fenc.enc == nil {
		return ApplyEdits(d.File, edits), nil
	}
	enc := make([]Edit, len(edits))
	for i, e := range edits {
		b, err := d.encodeText(e.Text)
		if err != nil {
			return nil, err
		}
		enc[i] = Edit{Start: e.Start, End: e.End, Text: string(b)}
	}
	return ApplyEdits(d.File, enc), nil
}

// Decode returns b, bytes in the document's encoding (File, or what Apply
// returned), as UTF-8 text for display, e.g. in diffs. For a UTF-8
// document it returns b.
func (d *Document) Decode(b []byte) []byte {
	if !d.fenc.decode {
		return b
	}
	out, _ := decodeFile(b, d.fenc)
	return out
}

// toFile moves the offsets of findings (spans and fix edits) from Src to
// File. Positions keep their lines and columns, which count characters
// and so are the same in the decoded text (ByteColumn counts the bytes
// of the line in UTF-8, as the text reads).
func (d *Document) toFile(fs []Finding) {
	if d.fmap == nil {
		return
	}
	mapped := map[*Fix]bool{} // a fix shared by findings is mapped once
	for i := range fs {
		f := &fs[i]
		f.Span = Span{d.fmap.file(f.Span.Start), d.fmap.file(f.Span.End)}
		f.Start.Offset, f.End.Offset = f.Span.Start, f.Span.End
		if f.Fix != nil && !mapped[f.Fix] {
			mapped[f.Fix] = true
			for k := range f.Fix.Edits {
				e := &f.Fix.Edits[k]
				e.Start, e.End = d.fmap.file(e.Start), d.fmap.file(e.End)
				e.StartPos.Offset, e.EndPos.Offset = e.Start, e.End
			}
		}
	}
}
