//! The dependency rule of docs/adr/0021-application-layer.md, checked: the API (`graphql`)
//! and the HTTP handlers reach the engine through `tagih-app` only, and the application
//! layer depends on no adapter or caller.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The package names a manifest depends on (normal dependencies).
    fn dependencies(manifest: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(manifest).unwrap_or_default();
        let doc: toml::Table = toml::from_str(&text).unwrap_or_default();
        doc.get("dependencies")
            .and_then(|d| d.as_table())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn graphql_depends_on_the_application_not_on_the_sagas() {
        let deps = dependencies(&root().join("graphql/Cargo.toml"));
        assert!(deps.contains(&"tagih-app".to_string()), "{deps:?}");
        assert!(!deps.contains(&"tagih-sagas".to_string()), "{deps:?}");
    }

    #[test]
    fn the_application_depends_on_no_adapter_and_no_caller() {
        let deps = dependencies(&root().join("app/Cargo.toml"));
        assert!(deps.contains(&"tagih-commands".to_string()), "{deps:?}");
        for banned in ["tagih-sagas", "tagih-graphql", "tagih-routeros"] {
            assert!(
                !deps.contains(&banned.to_string()),
                "app depends on {banned}"
            );
        }
    }

    #[test]
    fn no_api_or_http_source_names_the_sagas() {
        let mut files = Vec::new();
        rust_files(&root().join("graphql/src"), &mut files);
        rust_files(&root().join("src/http"), &mut files);
        assert!(files.len() > 20, "sources not found: {files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                !text.contains("tagih_sagas"),
                "{} uses tagih_sagas",
                file.display()
            );
        }
    }
}
