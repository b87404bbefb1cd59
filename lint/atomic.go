package lint

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FileWriter is what rewriteFileAtomic needs of the file system; tests
// replace its steps to make them fail. The zero FileWriter is the
// operating system's.
type FileWriter struct {
	CreateTemp func(dir, pattern string) (TempFile, error)
	Rename     func(oldpath, newpath string) error
}

// TempFile is the part of *os.File that rewriteFileAtomic uses.
type TempFile interface {
	io.Writer
	Name() string
	Chmod(mode fs.FileMode) error
	Sync() error
	Close() error
}

// osFiles is the real file system.
func osFiles() FileWriter {
	return FileWriter{
		CreateTemp: func(dir, pattern string) (TempFile, error) { return os.CreateTemp(dir, pattern) },
		Rename:     os.Rename,
	}
}

// rewriteFileAtomic replaces the content of the file at path with data,
// so that at every moment the file holds either all of the old bytes or
// all of the new ones: it writes a temporary file in the same directory,
// gives it the file's mode, syncs it to disk and renames it over the
// file. On any error the original file is untouched and the temporary
// file is removed. A symbolic link is followed: its target is replaced
// and the link stays. (The file's owner becomes the user running
// copydesk, and other hard links keep the old content, as with any
// editor that saves by renaming.)
func rewriteFileAtomic(w FileWriter, path string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("cannot resolve the path: %s", IOMessage(err))
	}
	fi, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("cannot stat the file: %s", IOMessage(err))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	tmp, err := w.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".copydesk-*")
	if err != nil {
		return fmt.Errorf("cannot create a temporary file beside it: %s", IOMessage(err))
	}
	name := tmp.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				tmp.Close()
			}
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write the temporary file: %s", IOMessage(err))
	}
	if err = tmp.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return fmt.Errorf("cannot set the mode of the temporary file: %s", IOMessage(err))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot sync the temporary file: %s", IOMessage(err))
	}
	closed = true
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot close the temporary file: %s", IOMessage(err))
	}
	if err = w.Rename(name, target); err != nil {
		return fmt.Errorf("cannot rename the temporary file over it: %s", IOMessage(err))
	}
	// Make the rename itself durable; not every system can sync a
	// directory, and the file is already complete either way.
	if d, derr := os.Open(filepath.Dir(target)); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// WriteFileAtomic writes data to a temporary file beside path and
// renames it into place, so path is never left half-written.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
