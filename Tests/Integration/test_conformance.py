"""The jupyter_kernel_test conformance suite, with a sample for every test it has."""
import unittest

import jupyter_kernel_test


class SaliencyKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "saliency"
    language_name = "saliency"
    file_extension = ".saliency"

    code_hello_world = "%echo hello, world"
    code_stderr = "%echo something went sideways --stderr"
    code_generate_error = "%no_such_command"
    code_page_something = "%help echo --page"
    code_clear_output = "%echo soon gone\n%clear"
    code_inspect_sample = "%sleep"

    code_execute_result = [
        {"code": "%echo forty two --result", "result": "forty two"},
        {"code": "%sleep 0 --quiet", "result": "0"},
        {"code": "x = %echo stored --result\n%echo reuse --result", "result": "reuse"},
    ]
    code_history_pattern = "%echo forty*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": "%echo '<b>bold</b>' --display html", "mime": "text/html"},
        {"code": "%echo '# Title' --display markdown", "mime": "text/markdown"},
        {"code": "%echo '{\"a\": [1, 2]}' --display json", "mime": "application/json"},
        {"code": "%echo '<svg xmlns=\"http://www.w3.org/2000/svg\"/>' --display svg", "mime": "image/svg+xml"},
        {"code": "%help", "mime": "text/markdown"},
        {"code": "%sleep 0.05", "mime": "text/html"},
    ]

    completion_samples = [
        {"text": "%ec", "matches": {"%echo"}},
        {"text": "%sleep 1 --qu", "matches": {"--quiet"}},
        {"text": "%help --pa", "matches": {"--page"}},
    ]
    complete_code_samples = ["%echo hi", "x = %sleep 0", "# only a comment", "%echo a \\\n  b"]
    incomplete_code_samples = ["%echo a \\", "%sleep 1 \\\n --quiet \\"]
    invalid_code_samples = ["%ecko hi", "print('hi')", "1x = %echo a"]

    def test_update_display_data(self):
        """update_display_data by display_id, which the suite itself does not cover."""
        self.flush_channels()
        reply, outputs = self.execute_helper(
            "%echo first --display plain --display-id d1\n%echo second --display plain --display-id d1 --update"
        )
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [(m["msg_type"], m["content"]["transient"].get("display_id")) for m in outputs]
        self.assertEqual(kinds, [("display_data", "d1"), ("update_display_data", "d1")])
        self.assertEqual(outputs[1]["content"]["data"]["text/plain"], "second")


class IopubWelcomeTest(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "saliency"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
