// Files lists the tree under its argument: each entry's path, mode, size,
// sha256 and link target, then the working directory. Run on linux and
// under Xen with the tree shipped as the ramdisk, it must print the same.
package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	root := os.Args[1]
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		line := fmt.Sprintf("%s %v", rel, info.Mode())
		switch {
		case info.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %d %x", len(data), sha256.Sum256(data))
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			line += " -> " + target
		}
		fmt.Println(line)
		return nil
	})
	if err != nil {
		fmt.Println("FAIL:", err)
	}
	wd, err := os.Getwd()
	fmt.Println("cwd", wd, err)
}
