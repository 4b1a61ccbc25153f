package version

const Version = "1.0.0"
