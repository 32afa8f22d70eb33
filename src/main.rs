fn main() {
    std::process::exit(paratopic::cli::main());
}
