module goxen.test/tests

go 1.26.0

require golang.org/x/arch v0.32.0

require github.com/moby/patternmatcher v0.6.1
