"""`python -m saliency_papermill INPUT OUTPUT -p NAME VALUE …`: papermill's own command line, every option
of it, with the Saliency Workbench translator registered first."""
import saliency_papermill  # noqa: F401  (registers the translator)
from papermill.cli import papermill


def main():
    papermill(prog_name="saliency-papermill")


if __name__ == "__main__":
    main()
