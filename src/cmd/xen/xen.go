// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Xen boots GOOS=xen programs as Xen PVH guests.
//
// Usage:
//
//	go tool xen <command> [arguments]
//
// The commands are:
//
//	config      print an xl config that boots an image
//	exec        run a program as a guest: what go run and go test call
//	run         boot an image and stream its console
//
// Use "go tool xen help <command>" for more information about a command.
//
// Guests boot with this machine's xl when it is dom0 of a real Xen, else in the
// QEMU harness of the Go for Xen repository (scripts/harness/README.md).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// A command is one of go tool xen's commands.
type command struct {
	name      string
	usageLine string // after "go tool xen "
	short     string
	long      string
	run       func(args []string) int
	flags     func() *flag.FlagSet // for the help, when the command has flags
}

var commands = []*command{cmdConfig, cmdExec, cmdRun}

func main() { os.Exit(xenMain(os.Args[1:])) }

// xenMain runs the command named by args[0] and returns the exit status.
func xenMain(args []string) int {
	if len(args) == 0 {
		printUsage(os.Stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		return help(os.Stdout, args[1:])
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	fmt.Fprintf(os.Stderr, "go tool xen: unknown command %q\nRun 'go tool xen help' for usage.\n", args[0])
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "Xen boots GOOS=xen programs as Xen PVH guests.\n\n")
	fmt.Fprint(w, "Usage:\n\n\tgo tool xen <command> [arguments]\n\nThe commands are:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-11s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, "\nUse \"go tool xen help <command>\" for more information about a command.\n")
}

// help prints the usage or a command's documentation, as go help does.
func help(w io.Writer, args []string) int {
	if len(args) == 0 {
		printUsage(w)
		return 0
	}
	if len(args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: go tool xen help command\n\nToo many arguments given.")
		return 2
	}
	for _, c := range commands {
		if c.name == args[0] {
			fmt.Fprintf(w, "usage: go tool xen %s\n\n%s", c.usageLine, strings.TrimLeft(c.long, "\n"))
			if c.flags != nil {
				fmt.Fprintf(w, "\nThe flags are:\n\n%s", flagDefaults(c.flags()))
			}
			return 0
		}
	}
	fmt.Fprintf(os.Stderr, "go tool xen help %s: unknown command. Run 'go tool xen help'.\n", args[0])
	return 2
}

// usageError reports a command used wrongly, as the go command does, and returns status 2.
func usageError(c *command) int {
	fmt.Fprintf(os.Stderr, "usage: go tool xen %s\nRun 'go tool xen help %s' for details.\n", c.usageLine, c.name)
	return 2
}
