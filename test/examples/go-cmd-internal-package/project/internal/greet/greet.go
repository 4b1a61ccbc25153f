package greet

func Text() string { return "shop says hi" }
