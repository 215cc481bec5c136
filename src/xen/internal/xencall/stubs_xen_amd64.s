// Bodyless functions are provided by package runtime.
