"""Show the source of the package's own steps in a notebook, so a learner reads what runs."""
import inspect
import textwrap


def show_source(*objects):
    """The source of classes, functions or methods, shown as a highlighted Python block in a notebook.

    >>> show_source(Task.configure_optimizers, ClassificationTask)   # doctest: +SKIP
    """
    from IPython.display import Markdown

    code = "\n\n".join(textwrap.dedent(inspect.getsource(o)).rstrip() for o in objects)
    return Markdown(f"```python\n{code}\n```")
