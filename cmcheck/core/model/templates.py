"""Starting points for common changes (`cmcheck new --from NAME`): the usual steps and backout.

A technician edits the wording; the shape (what a good plan and backout say) is what the
template gives. Every value here is only a default the wizard offers. The data lives in the
core because the copied-steps rule must know a template's steps from another change's: two
changes that kept a template's usual steps copied nothing from each other.
"""

from __future__ import annotations

from typing import NamedTuple


class Template(NamedTuple):
    category: str
    kind: str
    upgrade: bool
    user_connectivity: bool
    facilities: tuple[str, ...]
    plan: str
    steps: tuple[str, ...]
    verification: str
    backout: str
    backout_steps: tuple[str, ...]
    backout_minutes: int
    duration_minutes: int


TEMPLATES: dict[str, Template] = {
    "os-upgrade": Template(
        category="os-upgrade", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=180,
        plan="Take a full backup and a snapshot, upgrade the operating system in place, "
             "and verify every service.",
        steps=("Take a full backup and a snapshot of the server.",
               "Stop the applications and services that use the server.",
               "Run the operating system upgrade and apply the latest updates.",
               "Start the services and check the event logs."),
        verification="Users can log in and the applications on the server open and save data.",
        backout="Restore the snapshot taken before the upgrade.",
        backout_steps=("Shut the server down.", "Revert to the snapshot taken before the upgrade.",
                       "Start the server and check its services."),
        backout_minutes=60),
    "firmware-upgrade": Template(
        category="firmware-upgrade", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=120,
        plan="Save the configuration, load the new firmware, reload, and verify.",
        steps=("Back up the running configuration.",
               "Copy the new firmware image and verify its checksum.",
               "Set the device to boot the new image and reload it.",
               "Check every uplink, VLAN and dependent service."),
        verification="Every dependent device is reachable and a user at the site can reach the "
                     "student information system.",
        backout="Boot the previous firmware image kept on the device and restore the saved "
                "configuration.",
        backout_steps=("Set the boot image back to the previous firmware.",
                       "Reload the device and restore the saved configuration if needed."),
        backout_minutes=30),
    "hardware-replacement": Template(
        category="hardware-replacement", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=180,
        plan="Prepare the new equipment, swap it for the old one, and verify everything that "
             "depends on it.",
        steps=("Save the old equipment's configuration and settings, if it has any.",
               "Prepare the new equipment with the same settings and test it on the bench.",
               "Label every connection on the old equipment.",
               "Swap the equipment and reconnect each labelled connection.",
               "Check the equipment and everything that depends on it."),
        verification="The new equipment works and every system that depends on it does too.",
        backout="Put the old equipment back in place with its original connections.",
        backout_steps=("Remove the new equipment.",
                       "Reinstall the old equipment and reconnect the labelled connections.",
                       "Check that everything that depends on it works again."),
        backout_minutes=60),
    "ups-power": Template(
        category="hardware-replacement", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=("electricity",), duration_minutes=120,
        plan="Put the load on the UPS's maintenance bypass, replace the UPS or its batteries, "
             "and return the load to it.",
        steps=("Confirm the time with the maintenance department and whoever looks after the "
               "building's electricity.",
               "Tell the users of the equipment on the UPS; shut down what cannot ride "
               "through a power blip.",
               "Switch the load to the UPS's maintenance bypass.",
               "Replace the UPS or its battery modules and connect it.",
               "Start the UPS, let it pass its self-test, and return the load from bypass.",
               "Start what was shut down and check every device on the UPS."),
        verification="The UPS carries the load on line power, passes a battery test and reports "
                     "to monitoring; every device on it is up.",
        backout="Leave the load on maintenance bypass (line power) and reconnect the old UPS "
                "or its batteries.",
        backout_steps=("Keep the load on maintenance bypass.",
                       "Reconnect the old UPS or its batteries.",
                       "Return the load from bypass once the old UPS passes its self-test."),
        backout_minutes=45),
    "server-replacement": Template(
        category="hardware-replacement", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=240,
        plan="Build the new server beside the old one, move the data and services, and keep "
             "the old server untouched until the new one is verified.",
        steps=("Take a full backup of the old server and test a restore.",
               "Build and patch the new server with the old one's roles, kept off the network.",
               "Stop the services on the old server and copy the final data.",
               "Take the old server off the network and give the new one its name and address.",
               "Check every service, share, printer and scheduled job on the new server."),
        verification="Users open and save their files and applications; backups and monitoring "
                     "see the new server.",
        backout="Take the new server off the network and bring the old server back unchanged.",
        backout_steps=("Shut down the new server.",
                       "Start the old server; it still has its data, name and address.",
                       "Copy back any data that changed since the cutover."),
        backout_minutes=45),
    "application-upgrade": Template(
        category="application", kind="scheduled", upgrade=False, user_connectivity=True,
        facilities=(), duration_minutes=120,
        plan="Back up the application and its database, install the vendor's release, and "
             "check it with a key user.",
        steps=("Read the vendor's release notes and confirm the upgrade path.",
               "Back up the application server and its database.",
               "Tell the users they will be signed out, and stop the application.",
               "Install the new release and run its database upgrade.",
               "Start the application and test the main tasks with a key user."),
        verification="A key user signs in and completes the main tasks (attendance, grades, "
                     "reports) without errors.",
        backout="Restore the application and database backups taken before the upgrade.",
        backout_steps=("Stop the application.",
                       "Restore the database and application backups taken before the upgrade.",
                       "Start the previous version and check that users can sign in."),
        backout_minutes=60),
    "facilities": Template(
        category="facilities", kind="scheduled", upgrade=False, user_connectivity=True,
        facilities=("electricity",), duration_minutes=240,
        plan="Shut down the affected equipment safely, let the facilities work happen, and "
             "bring the equipment back up.",
        steps=("Confirm the date and time with the maintenance department.",
               "Shut down the servers and network equipment in the affected room.",
               "Wait for the facilities work to finish and the room to be safe.",
               "Start the equipment and check every service."),
        verification="Every server and switch in the room is up and its services answer.",
        backout="Keep the equipment off until the facilities system is restored, then start it.",
        backout_steps=("Leave the equipment shut down.",
                       "Start it once maintenance confirms the system is restored."),
        backout_minutes=30),
    "emergency": Template(  # most emergencies replace what failed: asked, defaulting to yes
        category="other", kind="unscheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=120,
        plan="Restore service as quickly as safely possible.",
        steps=("Find the cause of the outage.", "Repair or replace what failed.",
               "Check that service is restored."),
        verification="Users can reach the affected service again.",
        backout="Return to the state before the repair and keep the workaround in place.",
        backout_steps=("Undo the repair.", "Keep the temporary workaround running."),
        backout_minutes=30),
}
