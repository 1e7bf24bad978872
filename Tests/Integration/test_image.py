"""The Kubernetes image (deploy/kubernetes/Dockerfile) installs what the binary loads: every shared library
that the dynamic loader resolves for saliency-kernel belongs to a package the Dockerfile installs or to one of
their dependencies, as dpkg records them, and the font the figures use is there.
Docker itself is not needed: the image is checked through the packages it is made of."""
import pathlib
import re
import subprocess

from conftest import KERNEL

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "kubernetes" / "Dockerfile"


def installed_packages():
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if "apt-get install" in line)
    words = line.split("apt-get install", 1)[1].split("&&", 1)[0].split()
    return [word for word in words if not word.startswith("-")]


def loaded_libraries(binary):
    output = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    missing = [line for line in output.splitlines() if "not found" in line]
    assert not missing, missing
    return [match.group(1) for match in re.finditer(r"=> (/\S+)", output)]


def owner(library):
    """The Debian package that ships a library file (merged /usr: dpkg may know it under /lib or the resolved path)."""
    path = pathlib.Path(library)
    for candidate in {str(path), str(path.resolve()), str(path).removeprefix("/usr"), str(path.resolve()).removeprefix("/usr")}:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0]
    raise AssertionError(f"no Debian package ships {library}")


def dependency_closure(packages):
    """The packages and everything they depend on, from dpkg's own records of the installed packages (make deps
    installs them all; no apt index or network needed). Of alternatives, those installed count."""
    records = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n"],
                             check=True, capture_output=True, text=True).stdout
    depends, providers = {}, {}
    for record in records.splitlines():
        name, requirement, provides = (record.split("\t") + ["", ""])[:3]
        depends[name] = [re.sub(r"[ (:].*", "", choice.strip()) for group in requirement.split(",") for choice in group.split("|")
                         if choice.strip()]
        for virtual in provides.split(","):
            if virtual.strip():
                providers.setdefault(re.sub(r"[ (].*", "", virtual.strip()), []).append(name)
    closure, queue = set(), list(packages)
    while queue:
        name = queue.pop()
        for real in ([name] if name in depends else providers.get(name, [])):
            if real not in closure:
                closure.add(real)
                queue.extend(depends[real])
    return closure


def test_the_dockerfile_installs_every_library_the_kernel_loads():
    packages = installed_packages()
    assert "libzmq5" in packages, packages
    closure = dependency_closure(packages)
    needed = {owner(library): library for library in loaded_libraries(KERNEL)}
    uncovered = {package: library for package, library in needed.items() if package not in closure}
    assert not uncovered, f"the image lacks the packages of {uncovered}: add them to {DOCKERFILE.name}'s apt-get install"


def test_the_image_has_the_font_the_figures_use():
    assert "fonts-dejavu-core" in installed_packages()
    assert "COPY saliency-kernel /usr/local/bin/saliency-kernel" in DOCKERFILE.read_text()
