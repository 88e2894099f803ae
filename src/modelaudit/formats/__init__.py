"""Output formats: terminal text, JSON, Markdown/HTML, SARIF, JUnit, SPDX, CycloneDX."""
