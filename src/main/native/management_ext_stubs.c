/*
 * Stand-ins for the five com.sun.management natives of libmanagement_ext that Quarkus' Micrometer extension makes
 * reachable (it registers OperatingSystemMXBean's getters for reflection whatever the config). A real GraalVM or
 * Mandrel ships libmanagement_ext and never uses this file; the native toolchain assembled from Maven Central jars on
 * machines without one (../shared/native-toolchain) does not, and the executable would not link. Linked only then
 * (profile native-assembled-toolchain in pom.xml). Each answers "not available" (a negative value), which Micrometer
 * reports as a missing figure: process CPU and open-file metrics are absent from such a build, nothing else changes.
 */
double Java_com_sun_management_internal_OperatingSystemImpl_getCpuLoad0(void *env, void *self) { return -1.0; }
double Java_com_sun_management_internal_OperatingSystemImpl_getProcessCpuLoad0(void *env, void *self) { return -1.0; }
long long Java_com_sun_management_internal_OperatingSystemImpl_getProcessCpuTime0(void *env, void *self) { return -1; }
long long Java_com_sun_management_internal_OperatingSystemImpl_getMaxFileDescriptorCount0(void *env, void *self) { return -1; }
long long Java_com_sun_management_internal_OperatingSystemImpl_getOpenFileDescriptorCount0(void *env, void *self) { return -1; }
